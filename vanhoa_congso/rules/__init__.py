"""Business rules of the emulation campaign, kept apart from the DocType controllers.

Controllers call these functions; they can be read and tested on their own.
"""
