"""The web app (Gradio): `ui.app.build_app(assistant, settings)` and `ui.app.serve(settings)`."""
