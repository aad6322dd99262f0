from services.rebuild.cli import app

app(prog_name="python -m services.rebuild")
