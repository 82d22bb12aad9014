"""The Textual app. Imports the engine, lessons and progress; nothing imports it back."""
