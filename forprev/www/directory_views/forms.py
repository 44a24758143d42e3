from django import forms
from django.utils.translation import gettext_lazy as _

from forprev.core.forms import DsfrForm
from forprev.referentials.models import Department, Programme


class DirectoryFilterForm(DsfrForm):
    """Search of the public directory. The selects are plain choice fields validated in Python
    (not model choice fields): a hostile value, a NUL byte for instance, never reaches SQL."""

    dispositif = forms.ChoiceField(label=_("Dispositif"), required=False)
    departement = forms.ChoiceField(label=_("Département"), required=False)
    nom = forms.CharField(
        label=_("Nom de l'entité"),
        help_text=_("Raison sociale ou nom commercial, accents et majuscules indifférents"),
        required=False,
        max_length=100,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dispositif"].choices = [
            ("", _("Tous les dispositifs")),
            *(
                (code, f"{code} — {name}")
                for code, name in Programme.objects.active().values_list("code", "name")
            ),
        ]
        self.fields["departement"].choices = [
            ("", _("Tous les départements")),
            *(
                (code, f"{code} — {name}")
                for code, name in Department.objects.order_by("code").values_list("code", "name")
            ),
        ]

    def criteria(self) -> dict[str, str]:
        """Keyword arguments of ``directory_entities``, from a valid form."""
        return {
            "programme_code": self.cleaned_data["dispositif"],
            "department_code": self.cleaned_data["departement"],
            "name": self.cleaned_data["nom"],
        }


class PublishedSessionFilterForm(DirectoryFilterForm):
    """Search of the published inter-company sessions: dispositif and the entity's département."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["nom"]
        self.fields["departement"].label = _("Département de l'organisme")

    def criteria(self) -> dict[str, str]:
        return {
            "programme_code": self.cleaned_data["dispositif"],
            "department_code": self.cleaned_data["departement"],
        }
