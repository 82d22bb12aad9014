"""The classroom: one server, a tutor process for every learner, over SSH or in a browser.

This room starts tutor *processes* (``python -m tui_tutor``) and carries bytes between them and
the learners; it never imports ``tui_tutor.app``. A crash, a hang or a learner's exercise code in
one tutor cannot reach another learner, and the server holds nothing a learner could corrupt.
"""
