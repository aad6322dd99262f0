from services.credentials.cli import app

app(prog_name="python -m services.credentials")
