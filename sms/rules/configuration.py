"""SMS9xx: the configuration's own rules — waivers that match nothing, have expired, or lack authority."""

from __future__ import annotations

from sms.findings import Severity
from sms.rules.registry import declare

declare("SMS901", Severity.WARNING, ("7.5.3",), """
    A waiver in sms.yaml matches no finding.

    A waiver that no longer waives anything hides nothing today but would silently hide a future finding;
    remove it once the underlying finding is fixed.

    Passing example: a waiver for SMS202 on POL-0003, whose review is overdue.
    Failing example: a waiver for SMS202 on POL-0003 after the review was done.
""")
declare("SMS902", Severity.ERROR, ("7.5.3",), """
    A waiver in sms.yaml has expired.

    Waivers are temporary by design. After its `expires` date a waiver no longer applies: the findings it
    covered are reported again, and the waiver itself is an error until it is renewed (with a new
    approval) or removed.

    Passing example: expires: 2099-12-31.
    Failing example: expires: 2020-01-31.
""")
declare("SMS903", Severity.ERROR, ("5.3", "7.5.3"), """
    A waiver is approved by someone who holds no role in the SMS.

    `approved_by` must name a person record with at least one role assignment current today; anyone else
    has no authority to accept a nonconformity.

    Passing example: approved_by: b-approver, who holds sms-manager.
    Failing example: approved_by: x-unknown.
""")
