"""
moto's server, plus calls moto 5.2.5 does not implement, as storage only:

- SNS GetDataProtectionPolicy and PutDataProtectionPolicy. protect-notifications reads the alerts topic's data
  protection policy on every run, so without them no run against the emulator gets past its first read. The policy is
  kept on moto's own Topic object: DeleteTopic and the moto reset endpoint forget it, as AWS does. Nothing applies the
  policy to deliveries (the unit tests cover that path with mocks).
- CloudWatch PutAlarmMuteRule, GetAlarmMuteRule, ListAlarmMuteRules and DeleteAlarmMuteRule. restore-alarms lists the
  alarm mute rules on every run (sweep, events, doctor). The rules are kept on moto's CloudWatch backend (the reset
  endpoint forgets them). Nothing mutes an alarm, no schedule is evaluated (a rule is ACTIVE until its ExpireDate,
  then EXPIRED), ListAlarmMuteRules returns one page; the unit tests cover paging and faults with mocks.
- AWS Config StartConfigRulesEvaluation. The Config loop (shared/followup) calls it after every verified fix of a
  Config event. Each named rule must exist in moto's Config backend (NoSuchConfigRuleException otherwise, as AWS);
  nothing is evaluated. Refusals (LimitExceeded, ResourceInUse, AccessDenied) are tested with mocks.
- GuardDuty ListFilters. protect-backstops' sweep and the chain doctor list the suppression rules of every detector.
  The names come from moto's own filters (CreateFilter, UpdateFilter, GetFilter are moto's), in creation order, paged
  by maxResults (default 50) and nextToken as AWS does, so paging is exercised on the emulator.
- GuardDuty CreateIPSet, UpdateIPSet, GetIPSet, ListIPSets (trusted IP lists), as storage on moto's detector: the
  list's file is not read, a list is ACTIVE when activated and INACTIVE otherwise (AWS passes through ACTIVATING),
  ListIPSets pages as ListFilters does.
- STS AssumeRole as AWS decides it (moto 5.2.5 lets anyone assume any ARN, existing or not): the role must exist in
  its account, and one Allow statement of its trust policy must name the caller (the caller's role ARN for an
  assumed-role session, or its account's root) for sts:AssumeRole, with the sts:ExternalId its StringEquals condition
  asks for. Anything else is AccessDenied, as AWS answers. Organization mode's tests rely on it (a member without the
  role, a wrong external id). Only Principal.AWS ARNs and StringEquals sts:ExternalId are evaluated.
- Several accounts in one server. The server runs with MOTO_ACCOUNT_ID (the default account), which moto 5.2.5 puts
  before everything else, so credentials from AssumeRole into another account would still act in the default one.
  Here a request signed with credentials moto issued (AssumeRole) acts in their account; else a request carrying the
  header `x-moto-account-id` (moto's own switch; tests use it to seed a member account as its administrator would);
  else the default account.

And two CloudTrail behaviours moto 5.2.5 gets wrong, which the checkers (bench/checkers.md) read by shape:

- A new trail has no event selector in moto; AWS gives it the default basic selector (all management events, read and
  write), which Prowler and Steampipe look for.
- PutEventSelectors with basic selectors keeps the advanced ones in moto; AWS replaces one kind by the other.
"""
import json
from urllib.parse import unquote
from datetime import datetime, timezone

from moto.cloudtrail.models import Trail
from moto.core.responses import BaseResponse
from moto.cloudwatch.exceptions import ResourceNotFoundException
from moto.cloudwatch.responses import CloudWatchResponse
from moto.config.exceptions import NoSuchConfigRuleException
from moto.config.responses import ConfigResponse
from moto.core.responses import ActionResult, EmptyResult
from moto.guardduty import urls as guardduty_urls
from moto.guardduty.exceptions import FilterNotFoundException
from moto.guardduty.responses import GuardDutyResponse
from moto.moto_api._internal import mock_random
from moto.server import main
from moto.sns.responses import SNSResponse
from moto.iam.models import iam_backends
from moto.utilities.utils import PARTITION_NAMES
from moto.sts.exceptions import STSClientError
from moto.sts.models import sts_backends
from moto.sts.responses import TokenResponse


def get_data_protection_policy(self: SNSResponse) -> ActionResult:
    topic = self.backend.get_topic(self._get_param("ResourceArn"))
    return ActionResult({"DataProtectionPolicy": getattr(topic, "data_protection_policy", "")})


def put_data_protection_policy(self: SNSResponse) -> EmptyResult:
    topic = self.backend.get_topic(self._get_param("ResourceArn"))
    topic.data_protection_policy = self._get_param("DataProtectionPolicy") or ""
    return EmptyResult()


SNSResponse.get_data_protection_policy = get_data_protection_policy
SNSResponse.put_data_protection_policy = put_data_protection_policy


def _mute_rules(self: CloudWatchResponse) -> dict:
    return self.cloudwatch_backend.__dict__.setdefault("alarm_mute_rules", {})


def _with_status(rule: dict) -> dict:
    expire = rule.get("ExpireDate")
    expired = expire is not None and expire <= datetime.now(timezone.utc)
    return {**rule, "Status": "EXPIRED" if expired else "ACTIVE"}


def _mute_rule(self: CloudWatchResponse, name: str) -> dict:
    rule = _mute_rules(self).get(name)
    if rule is None:
        raise ResourceNotFoundException()
    return _with_status(rule)


def put_alarm_mute_rule(self: CloudWatchResponse) -> EmptyResult:
    name = self._get_param("Name")
    expression = (self._get_param("Rule") or {}).get("Schedule", {}).get("Expression", "")
    fields = ["Description", "Rule", "MuteTargets", "StartDate", "ExpireDate"]
    rule = {key: self._get_param(key) for key in fields if self._get_param(key) is not None}
    arn = f"arn:aws:cloudwatch:{self.region}:{self.current_account}:alarm-mute-rule:{name}"
    kind = "RECURRING" if expression.startswith("cron(") else "ONE_TIME"
    _mute_rules(self)[name] = {"Name": name, "AlarmMuteRuleArn": arn, **rule, "MuteType": kind, "LastUpdatedTimestamp": datetime.now(timezone.utc)}
    return EmptyResult()


def get_alarm_mute_rule(self: CloudWatchResponse) -> ActionResult:
    return ActionResult(_mute_rule(self, self._get_param("AlarmMuteRuleName")))


def list_alarm_mute_rules(self: CloudWatchResponse) -> ActionResult:
    alarm = self._get_param("AlarmName")
    statuses = self._get_param("Statuses") or []
    rules = [_with_status(r) for r in _mute_rules(self).values()]
    rules = [r for r in rules if (not statuses or r["Status"] in statuses) and (not alarm or alarm in r.get("MuteTargets", {}).get("AlarmNames", []))]
    keys = ["AlarmMuteRuleArn", "ExpireDate", "Status", "MuteType", "LastUpdatedTimestamp"]
    return ActionResult({"AlarmMuteRuleSummaries": [{k: r[k] for k in keys if k in r} for r in rules]})


def delete_alarm_mute_rule(self: CloudWatchResponse) -> EmptyResult:
    _mute_rules(self).pop(self._get_param("AlarmMuteRuleName"), None)
    return EmptyResult()


CloudWatchResponse.put_alarm_mute_rule = put_alarm_mute_rule
CloudWatchResponse.get_alarm_mute_rule = get_alarm_mute_rule
CloudWatchResponse.list_alarm_mute_rules = list_alarm_mute_rules
CloudWatchResponse.delete_alarm_mute_rule = delete_alarm_mute_rule

_DEFAULT_SELECTOR = {"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": [], "ExcludeManagementEventSources": []}
_trail_init = Trail.__init__


def _trail_init_with_default_selector(self: Trail, *args, **kwargs) -> None:
    _trail_init(self, *args, **kwargs)
    self.event_selectors = [dict(_DEFAULT_SELECTOR)]


def _put_event_selectors(self: Trail, event_selectors: list, advanced_event_selectors: list) -> None:
    if event_selectors:
        self.event_selectors, self.advanced_event_selectors = event_selectors, []
    elif advanced_event_selectors:
        self.event_selectors, self.advanced_event_selectors = [], advanced_event_selectors


Trail.__init__ = _trail_init_with_default_selector
Trail.put_event_selectors = _put_event_selectors


def start_config_rules_evaluation(self: ConfigResponse) -> str:
    for name in self._get_param("ConfigRuleNames") or []:
        if name not in self.config_backend.config_rules:
            raise NoSuchConfigRuleException(name)
    return "{}"


ConfigResponse.start_config_rules_evaluation = start_config_rules_evaluation


def list_filters(self: GuardDutyResponse) -> str:
    detector = self.guardduty_backend.get_detector(self.path.split("/")[-2])
    names = list(detector.filters)
    start = int(self.querystring.get("nextToken", ["0"])[0] or 0)
    size = int(self.querystring.get("maxResults", ["50"])[0] or 50)
    page = names[start:start + size]
    more = start + size < len(names)
    return json.dumps({"filterNames": page, **({"nextToken": str(start + size)} if more else {})})


GuardDutyResponse.list_filters = list_filters


def _ip_sets(self: GuardDutyResponse, detector_id: str) -> dict:
    return self.guardduty_backend.get_detector(detector_id).__dict__.setdefault("ip_sets", {})


def _ip_set(self: GuardDutyResponse) -> dict:
    parts = self.path.split("/")
    ip_set = _ip_sets(self, parts[-3]).get(unquote(parts[-1]))
    if ip_set is None:
        raise FilterNotFoundException()  # AWS's answer for any missing GuardDuty resource: "no such resource found"
    return ip_set


def create_ip_set(self: GuardDutyResponse) -> str:
    ip_set_id = mock_random.get_random_hex(length=32)
    status = "ACTIVE" if self._get_param("activate") else "INACTIVE"
    fields = {"name": self._get_param("name"), "format": self._get_param("format"), "location": self._get_param("location"), "status": status, "tags": self._get_param("tags") or {}}
    _ip_sets(self, self.path.split("/")[-2])[ip_set_id] = fields
    return json.dumps({"ipSetId": ip_set_id})


def update_ip_set(self: GuardDutyResponse) -> str:
    ip_set = _ip_set(self)
    for key in ("name", "location"):
        if self._get_param(key) is not None:
            ip_set[key] = self._get_param(key)
    if self._get_param("activate") is not None:
        ip_set["status"] = "ACTIVE" if self._get_param("activate") else "INACTIVE"
    return "{}"


def get_ip_set(self: GuardDutyResponse) -> str:
    return json.dumps(_ip_set(self))


def list_ip_sets(self: GuardDutyResponse) -> str:
    ids = list(_ip_sets(self, self.path.split("/")[-2]))
    start = int(self.querystring.get("nextToken", ["0"])[0] or 0)
    size = int(self.querystring.get("maxResults", ["50"])[0] or 50)
    more = start + size < len(ids)
    return json.dumps({"ipSetIds": ids[start:start + size], **({"nextToken": str(start + size)} if more else {})})


GuardDutyResponse.create_ip_set = create_ip_set
GuardDutyResponse.update_ip_set = update_ip_set
GuardDutyResponse.get_ip_set = get_ip_set
GuardDutyResponse.list_ip_sets = list_ip_sets
guardduty_urls.url_paths.update({
    "{0}/detector/(?P<detector_id>[^/]+)/ipset$": GuardDutyResponse.dispatch,
    "{0}/detector/(?P<detector_id>[^/]+)/ipset/(?P<ip_set_id>[^/]+)$": GuardDutyResponse.dispatch,
})


class AssumeRoleDenied(STSClientError):
    code = "AccessDenied"

    def __init__(self, caller: str, role_arn: str):
        super().__init__("AccessDenied", f"User: {caller} is not authorized to perform: sts:AssumeRole on resource: {role_arn}")


def _caller_principal(self: TokenResponse) -> tuple[str, str]:
    """The caller's ARN as CloudTrail shows it, and the principal ARN a trust policy names (the role of a session)."""
    _, arn, account = self.backend.get_caller_identity(self.get_access_key(), self.region)
    if ":assumed-role/" in arn:
        for partition in sts_backends[account]:
            session = sts_backends[account][partition].get_assumed_role_from_access_key(self.get_access_key())
            if session is not None:
                return arn, session.role_arn
    return arn, arn


def _trusts(policy: dict, principal: str, external_id: str | None) -> bool:
    account = principal.split(":")[4]
    statements = policy.get("Statement", [])
    for statement in statements if isinstance(statements, list) else [statements]:
        actions = statement.get("Action", [])
        actions = actions if isinstance(actions, list) else [actions]
        if statement.get("Effect") != "Allow" or not any(a in ("sts:AssumeRole", "sts:*", "*") for a in actions):
            continue
        named = statement.get("Principal", {}).get("AWS", []) if isinstance(statement.get("Principal"), dict) else []
        named = named if isinstance(named, list) else [named]
        if principal not in named and f"arn:aws:iam::{account}:root" not in named and account not in named:
            continue
        wanted = statement.get("Condition", {}).get("StringEquals", {}).get("sts:ExternalId")
        if wanted is None or external_id in (wanted if isinstance(wanted, list) else [wanted]):
            return True
    return False


_moto_assume_role = TokenResponse.assume_role


def assume_role(self: TokenResponse) -> ActionResult:
    role_arn = self._get_param("RoleArn") or ""
    caller, principal = _caller_principal(self)
    parts = role_arn.split(":")
    backend = iam_backends[parts[4]][parts[1]] if len(parts) > 5 and parts[4] in iam_backends else None
    role = next((r for r in backend.get_roles() if r.arn == role_arn), None) if backend is not None else None
    document = role.assume_role_policy_document if role is not None else None
    policy = json.loads(unquote(document)) if isinstance(document, str) else document or {}
    if role is None or not _trusts(policy, principal, self._get_param("ExternalId")):
        raise AssumeRoleDenied(caller, role_arn)
    return _moto_assume_role(self)


TokenResponse.assume_role = assume_role

_moto_current_account = BaseResponse.get_current_account


def get_current_account(self: BaseResponse) -> str:
    key = self.get_access_key()
    for account_id, account in list(iam_backends.items()):
        for partition in PARTITION_NAMES:
            if key in account[partition].access_keys:
                return account_id
    return self.headers.get("x-moto-account-id") or _moto_current_account(self)


BaseResponse.get_current_account = get_current_account

if __name__ == "__main__":
    main()
