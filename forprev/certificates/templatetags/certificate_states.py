"""``{% certificate_state certificate %}``: a certificate's state as a DSFR badge (« Révoqué le
… » with the reason, « Expiré depuis le … », « Valable jusqu'au … »), and
``{% certificate_state_text certificate %}``, the same words for e-mails. Both come from
``forprev.certificates.states`` (the one rule: ``certificate_state_on``)."""

from django import template

from forprev.certificates.states import state_context

register = template.Library()


@register.inclusion_tag("certificates/includes/certificate_state.html")
def certificate_state(certificate, show_reason=True, soon=False):
    return state_context(certificate, show_reason=show_reason, soon=soon)


@register.inclusion_tag("certificates/includes/certificate_state.txt")
def certificate_state_text(certificate, show_reason=True):
    return state_context(certificate, show_reason=show_reason)
