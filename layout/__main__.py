from layout.cli import cli

cli(prog_name="newsprint")
