"""Request body parsers of the API (its own module: DRF imports parsers with its settings)."""

from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; a body nested deeper than Python's parser can follow is a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError(
                "JSON parse error - the body is nested too deeply."
            ) from exc
