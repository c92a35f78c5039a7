"""Runs in this folder build mmengine runners in the test process."""
import pytest
from mmengine.logging import MMLogger


@pytest.fixture(autouse=True)
def drop_run_loggers():
    """Drop the loggers a test's runners created: their stream handlers
    write to that test's captured output, closed once it ends, and the
    latest logger is the one ``print_log(logger='current')`` uses in later
    tests."""
    before = set(MMLogger._instance_dict)
    yield
    for name in set(MMLogger._instance_dict) - before:
        logger = MMLogger._instance_dict.pop(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()
