"""The ``reelwise`` command line. Each ``cmd_*`` module adds its commands with ``register(app)``."""
