class RegistrationError(Exception):
    """A move the rules do not allow. The message is French and shown as it is to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
