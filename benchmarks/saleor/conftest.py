pytest_plugins = ["tests.saleor_env", "tests.integration.fixtures"]
