class DomainError(Exception):
    """A business rule refused an action. ``message`` is French and shown to the user as is.

    The web layer turns it into a form error or a message; the API into a 400 body
    ``{"detail": message, "code": code}``.
    """

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
