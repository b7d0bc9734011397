"""The forms of "My publications": one for the choices on a page, one for pasted BibTeX."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _


class ChoicesForm(forms.Form):
    """Featured rank, hidden and name as printed for each byline entry on the page.

    `ranks` ({entry pk: rank}) and `hidden` (entry pks) are the researcher's choices
    over all their entries, also those waiting for an editor.
    """

    def __init__(self, *args, entries, ranks, hidden, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.entries, self.ranks = entries, ranks
        most = settings.FEATURED_PUBLICATIONS_MAX
        for entry in entries:
            self.fields[f"rank_{entry.pk}"] = forms.IntegerField(
                label=_("Featured position"),
                required=False,
                min_value=1,
                max_value=most,
                initial=ranks.get(entry.pk),
                widget=forms.NumberInput(attrs={"aria-describedby": f"title_{entry.pk}"}),
            )
            self.fields[f"hidden_{entry.pk}"] = forms.BooleanField(
                label=_("Hide from my profile"),
                required=False,
                initial=entry.pk in hidden,
                widget=forms.CheckboxInput(attrs={"aria-describedby": f"title_{entry.pk}"}),
            )
            self.fields[f"printed_{entry.pk}"] = forms.CharField(
                label=_("My name as printed"),
                max_length=200,
                initial=entry.printed_name,
                widget=forms.TextInput(attrs={"aria-describedby": f"title_{entry.pk}"}),
            )

    def rows(self):
        """(entry, rank field, hidden field, printed field) for the template."""
        return [
            (
                entry,
                self[f"rank_{entry.pk}"],
                self[f"hidden_{entry.pk}"],
                self[f"printed_{entry.pk}"],
            )
            for entry in self.entries
        ]

    def clean(self):
        cleaned = super().clean()
        most = settings.FEATURED_PUBLICATIONS_MAX
        on_page = {entry.pk for entry in self.entries}
        taken = {rank: pk for pk, rank in self.ranks.items() if pk not in on_page}
        for entry in self.entries:
            rank = cleaned.get(f"rank_{entry.pk}")
            if rank is None:
                continue
            if cleaned.get(f"hidden_{entry.pk}"):
                self.add_error(
                    f"rank_{entry.pk}", gettext("A hidden publication cannot be featured.")
                )
            elif rank in taken:
                self.add_error(
                    f"rank_{entry.pk}",
                    gettext("Position %(rank)d is taken by another publication.") % {"rank": rank},
                )
            else:
                taken[rank] = entry.pk
        if len(taken) > most:
            raise forms.ValidationError(
                ngettext(
                    "Feature at most %(most)d publication.",
                    "Feature at most %(most)d publications.",
                    most,
                )
                % {"most": most}
            )
        return cleaned

    def choices(self):
        data = self.cleaned_data
        return {
            entry.pk: (
                data[f"rank_{entry.pk}"],
                data[f"hidden_{entry.pk}"],
                " ".join(data[f"printed_{entry.pk}"].split()),
            )
            for entry in self.entries
        }


class NotMineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it not yours? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: another person of the same name, at another institute."),
    )


class PasteBibtexForm(forms.Form):
    bibtex = forms.CharField(
        label=_("BibTeX entries"),
        max_length=1_000_000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=_("Paste one or more entries, as exported from Google Scholar, DBLP or Zotero."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: show the report and write nothing"), required=False, initial=True
    )
