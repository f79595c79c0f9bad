"""`python -m coalition` runs the command line."""

from coalition.cli import main

if __name__ == "__main__":  # worker processes that import this module must not run it again
    main()
