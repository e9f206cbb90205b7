"""`python3 -m align`: the same CLI as the `align` command."""
from .cli import main

main()
