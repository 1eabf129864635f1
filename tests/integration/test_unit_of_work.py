"""What a request hands to work it leaves for later in the same process (an eager task on
commit): its Saleor plugins manager and who acts, so neither is made or read again."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from saleor_warranty_plugin.managers import carried, plugins_manager, shared_manager
from saleor_warranty_plugin.requestor import Requestor


def test_work_run_after_the_request_uses_its_manager():
    # given a request's unit of work that made a manager and handed it on
    with shared_manager():
        made = plugins_manager()
        carry = carried()
    # when work left for later runs after the block has ended
    with carry:
        later = plugins_manager()
        with shared_manager():  # the task's own block adopts it
            nested = plugins_manager()
    # then it is the request's manager, and outside the handed-on block each caller makes one
    assert later is made and nested is made
    assert plugins_manager() is not made


def test_nothing_is_handed_on_outside_a_unit_of_work():
    carry = carried()
    with carry:
        first, second = plugins_manager(), plugins_manager()
    assert first is not second


def test_the_acting_requestor_is_not_read_again(staff_user, app):
    acting = Requestor(user=staff_user)
    with acting.acting(), CaptureQueriesContext(connection) as captured:
        same = Requestor.from_ids(user_id=staff_user.pk)
    assert same is acting and not captured.captured_queries
    # another requestor's ids are read from the database
    with acting.acting(), CaptureQueriesContext(connection) as captured:
        other = Requestor.from_ids(user_id=staff_user.pk, app_id=app.pk)
    assert other.user == staff_user and other.app == app and other is not acting
    assert len(captured.captured_queries) == 2
    # and outside the block, the same ids are read again
    with CaptureQueriesContext(connection) as captured:
        again = Requestor.from_ids(user_id=staff_user.pk)
    assert again.user == staff_user and again is not acting
    assert len(captured.captured_queries) == 1
