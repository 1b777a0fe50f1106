"""The commands of `quizgen`, one module per kind of user; cli.py imports a module only when one of its commands
runs, so `quizgen --help` and a quiz do not build every command."""
