pytest_plugins = ["tests.saleor_env", "tests.integration.fixtures"]


def pytest_terminal_summary(terminalreporter):
    from .hostile import CHECKED

    if CHECKED["answers"]:
        terminalreporter.write_line(
            f"hostile input: {CHECKED['answers']} answers checked for shape, status and codes"
        )
