"""Runs `custodian run` unchanged, counting every AWS API call botocore makes and timing the policy run itself.

Usage: python custodian-run.py <stats.json> <custodian run arguments...>
Writes {"calls": {"ec2:DescribeSecurityGroups": n, ...}, "policyMs": ...} to stats.json when Custodian exits.
The count wraps botocore's BaseClient._make_api_call (one per API call; retries are not added, and moto on loopback
does not throttle). The policy time wraps c7n.policy.Policy.__call__: describe, filter and act, without the interpreter
start-up, the imports and the policy validation that the whole-process time includes.
"""
import json
import sys
import time

import botocore.client

calls = {}
policy_seconds = [0.0]
_make_api_call = botocore.client.BaseClient._make_api_call


def counted(self, operation_name, api_params):
    key = "%s:%s" % (self.meta.service_model.endpoint_prefix, operation_name)
    calls[key] = calls.get(key, 0) + 1
    return _make_api_call(self, operation_name, api_params)


botocore.client.BaseClient._make_api_call = counted

import c7n.policy  # noqa: E402  (after the patch, so every client Custodian builds is counted)
from c7n.cli import main  # noqa: E402

_policy_call = c7n.policy.Policy.__call__


def timed(self, *args, **kwargs):
    start = time.perf_counter()
    try:
        return _policy_call(self, *args, **kwargs)
    finally:
        policy_seconds[0] += time.perf_counter() - start


c7n.policy.Policy.__call__ = timed

stats_file = sys.argv[1]
sys.argv = ["custodian"] + sys.argv[2:]
try:
    main()
finally:
    with open(stats_file, "w") as out:
        json.dump({"calls": dict(sorted(calls.items())), "policyMs": round(policy_seconds[0] * 1000, 1)}, out)
