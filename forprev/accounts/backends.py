from django.contrib.auth.backends import ModelBackend

from .models import User


def account_for_login(login: str):
    """The account a login names: numéro Forprev or e-mail (``UserQuerySet.with_login``). When
    two people were merged, the removed person's numéro Forprev and the e-mail of their
    deactivated account lead to the kept account (people.merging). The look-up of a merge only
    runs for unknown or inactive logins."""
    user = User.objects.with_login(login).first()
    if user is not None and user.is_active:
        return user
    from forprev.people.merging import account_kept_for

    return account_kept_for(login, user) or user


class ForprevIdOrEmailBackend(ModelBackend):
    """Log in with the numéro Forprev (any case) or the e-mail address (any case); the
    identifiers of an account merged into another log into the kept account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = account_for_login(username)
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
    account (so e-mail, numéro and merged aliases share one counter), the typed login otherwise."""
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
        user = account_for_login(login)
        cache[login] = user.forprev_id if user is not None else login.lower()
    return cache[login]
