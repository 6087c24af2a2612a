"""What the noxfile needs beside nox, and nothing else imports: not shipped in the wheel.

:mod:`.results` keeps a passed session's result by its inputs, so that a
session is not run again while nothing it reads has changed.
"""
