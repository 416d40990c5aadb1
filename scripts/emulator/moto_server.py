"""
moto's server, plus the two SNS calls moto 5.2.5 does not implement: GetDataProtectionPolicy and
PutDataProtectionPolicy. protect-notifications reads the alerts topic's data protection policy on every run,
so without them no run against the emulator gets past its first read.

The policy is kept on moto's own Topic object: DeleteTopic and the moto reset endpoint forget it, as AWS does.
Only storage is emulated; nothing applies the policy to deliveries (the unit tests cover that path with mocks).
"""
from moto.core.responses import ActionResult, EmptyResult
from moto.server import main
from moto.sns.responses import SNSResponse


def get_data_protection_policy(self: SNSResponse) -> ActionResult:
    topic = self.backend.get_topic(self._get_param("ResourceArn"))
    return ActionResult({"DataProtectionPolicy": getattr(topic, "data_protection_policy", "")})


def put_data_protection_policy(self: SNSResponse) -> EmptyResult:
    topic = self.backend.get_topic(self._get_param("ResourceArn"))
    topic.data_protection_policy = self._get_param("DataProtectionPolicy") or ""
    return EmptyResult()


SNSResponse.get_data_protection_policy = get_data_protection_policy
SNSResponse.put_data_protection_policy = put_data_protection_policy

if __name__ == "__main__":
    main()
