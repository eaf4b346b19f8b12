"""New files for the user: a project (`rapatgen init`) and a meeting (`rapatgen new`); nothing existing is overwritten."""
