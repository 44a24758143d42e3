from django.contrib.auth.backends import ModelBackend

from .models import User


class ForprevIdOrEmailBackend(ModelBackend):
    """Log in with the numéro Forprev (any case) or the e-mail address (any case)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = User.objects.with_login(username).first()
        if user is None:
            # Run the hasher anyway so unknown logins take as long as known ones.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        # The header shows an instructor's caisse on every page: load it with the user.
        user = User.objects.select_related("caisse").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def axes_username(request, credentials) -> str:
    """The key failures are counted under: the account's numéro Forprev when the login names an
    account (so e-mail and numéro share one counter), the typed login otherwise."""
    login = ""
    if credentials:
        login = credentials.get("username", "")
    elif request is not None and hasattr(request, "POST"):
        login = request.POST.get("username", "")
    login = (login or "").strip()
    cache = getattr(request, "_forprev_axes_usernames", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._forprev_axes_usernames = cache
    if login not in cache:
        forprev_id = User.objects.with_login(login).values_list("forprev_id", flat=True).first()
        cache[login] = forprev_id or login.lower()
    return cache[login]
