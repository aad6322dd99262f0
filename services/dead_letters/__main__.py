from services.dead_letters.cli import app

app(prog_name="python -m services.dead_letters")
