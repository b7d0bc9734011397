"""django-simple-history's admin, as our history pages use it."""

from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    def set_history_delta_changes(self, request, historical_records, **kwargs):
        # Its history list prints a record without a change reason as "None", in
        # English whatever the page's language: nothing said shows as nothing.
        for record in historical_records:
            if record.history_change_reason is None:
                record.history_change_reason = ""
        super().set_history_delta_changes(request, historical_records, **kwargs)
