"""The researcher's forms: their profile, a delegate, an email change, a new password."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.i18n import language_name
from profiles.models import Person, Topic
from profiles.portraits import clean_portrait
from profiles.selfservice.services import (
    PROFILE_FIELDS,
    TEXT_PER_LANGUAGE,
    TRANSLATED,
    existing_topic_names,
    is_reviewed,
    label_of,
)

MAX_NEW_TOPICS = 5


class ProfileForm(forms.ModelForm):
    """Only the fields a researcher may set; the model's validators check them."""

    new_topics = forms.CharField(
        label=_("Propose new topics"),
        required=False,
        max_length=600,
        help_text=_("Topics not in the list, separated by commas; an editor adds them."),
    )
    portrait = forms.FileField(
        required=False,
        label=_("Portrait"),
        help_text=_("A JPEG, PNG, WebP or GIF image; it replaces the current portrait."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )

    class Meta:
        model = Person
        # The profile's fields, the portrait before its alt text.
        fields = [
            *(name for name in PROFILE_FIELDS[:-1] if not name.startswith("portrait_alt")),
            "portrait",
            *(name for name in PROFILE_FIELDS if name.startswith("portrait_alt")),
        ]
        labels = {
            "position": pgettext_lazy("role at the institute", "Position"),
            "affiliation": _("Affiliation"),
            "membership": _("Membership"),
            "bio": _("Bio"),
            "homepage": _("Homepage"),
            "topics": _("Topics"),
        }
        # Text inputs for addresses: a type=url input may not show back an invalid value.
        url_input = forms.TextInput(attrs={"autocomplete": "url"})
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            **{name: forms.Textarea(attrs={"rows": 8}) for name in PROFILE_FIELDS if "bio" in name},
            "homepage": url_input,
            "scholar_url": url_input,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["topics"].queryset = Topic.objects.only("name")
        self.fields["topics"].help_text = ""
        for name in TEXT_PER_LANGUAGE:
            # Each language's field says which it is: "Bio (English)", "Bio (French)".
            label = label_of(name)
            if name in TRANSLATED:
                label = f"{label} ({language_name(settings.LANGUAGE_CODE)})"
            self.fields[name].label = label[:1].upper() + label[1:]
        for name, field in self.fields.items():
            if is_reviewed(name):
                note = gettext("Changes wait for an editor’s review.")
                field.help_text = f"{field.help_text} {note}".strip()

    def clean_new_topics(self):
        names = [" ".join(part.split()) for part in self.cleaned_data["new_topics"].split(",")]
        names = list(dict.fromkeys(name for name in names if name))
        if len(names) > MAX_NEW_TOPICS:
            raise forms.ValidationError(
                ngettext(
                    "Propose at most %(most)d topic at a time.",
                    "Propose at most %(most)d topics at a time.",
                    MAX_NEW_TOPICS,
                )
                % {"most": MAX_NEW_TOPICS}
            )
        if any(len(name) > 120 for name in names):
            raise forms.ValidationError(gettext("Keep each topic name to 120 characters or fewer."))
        chosen = existing_topic_names(names)
        if chosen:
            raise forms.ValidationError(
                ngettext(
                    "%(names)s exists already; tick it in the list of topics instead.",
                    "%(names)s exist already; tick them in the list of topics instead.",
                    len(chosen),
                )
                % {"names": ", ".join(chosen)}
            )
        return names

    def clean_portrait(self):
        upload = self.cleaned_data.get("portrait")
        if upload is False or not upload or not hasattr(upload, "content_type"):
            return upload
        return clean_portrait(upload)

    def changed_values(self):
        """The submitted values of the text and topic fields (the service sees what changed)."""
        names = [name for name in self.Meta.fields if name != "portrait"]
        return {name: self.cleaned_data[name] for name in [*names, "new_topics"]}

    def in_other_languages(self):
        """{translated field: its other languages' bound fields}, for the template."""
        return {
            base: [self[name] for name, of in TEXT_PER_LANGUAGE.items() if of == base != name]
            for base in TRANSLATED
        }


class DelegateForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of their account"),
        help_text=_("They need an account of their own on this site."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)


class SetPasswordForm(forms.Form):
    """A first password, checked by the site's password validators."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.email = email
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error(
                "password2", gettext("The two passwords differ; type the same one twice.")
            )
        elif first:
            user = get_user_model()(username=self.email, email=self.email)
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class EmailChangeForm(forms.Form):
    email = forms.EmailField(label=_("New email address"))
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext("That is not your password."))
        return password

    def clean_email(self):
        email = self.cleaned_data["email"]
        User = get_user_model()
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(gettext("Another account uses this address."))
        if email.casefold() == self.user.email.casefold():
            raise forms.ValidationError(gettext("This is your address already."))
        return email
