"""The base exception of every plangraph error."""


class PlangraphError(Exception):
    """Base class of all errors raised by plangraph."""
