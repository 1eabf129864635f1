pytest_plugins = [
    "tests.saleor_env",
    "tests.integration.fixtures",
    "tests.integration.executor_check",
]


def pytest_terminal_summary(terminalreporter):
    from .executor_check import COMPARED
    from .hostile import CHECKED

    if COMPARED["documents"]:
        terminalreporter.write_line(
            f"executor: {COMPARED['documents']} answers compared with graphql-core's"
        )

    if CHECKED["answers"]:
        terminalreporter.write_line(
            f"hostile input: {CHECKED['answers']} answers checked for shape, status and codes"
        )
