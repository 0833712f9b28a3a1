#!/usr/bin/env python3
"""Lag of one command on an otherwise idle registry: uploads one small artifact, registers versions
referencing it one at a time (50 ms apart) and polls GET /versions/{v} every 2 ms until it answers
200. Standard library only.

    REGISTRY_TOKEN=<bearer token> python3 bench/lag_probe.py [http://127.0.0.1:8080] [count]
"""
import hashlib
import json
import os
import random
import sys
import time
import urllib.error
import urllib.request

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 50
AUTH = {"authorization": "Bearer " + os.environ["REGISTRY_TOKEN"]}


def call(method, path, body=None):
    request = urllib.request.Request(BASE + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"content-type": "application/json", **AUTH})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def upload(data):
    """POST /api/v1/artifacts with the raw bytes; the registry refuses versions whose files it does not hold."""
    request = urllib.request.Request(BASE + "/api/v1/artifacts", method="POST", data=data,
                                     headers={"content-type": "application/octet-stream", **AUTH})
    with urllib.request.urlopen(request) as response:
        digest = json.load(response)["sha256"]
    assert digest == hashlib.sha256(data).hexdigest(), digest
    return digest


model = "lag-probe-%d" % random.randint(0, 10 ** 9)
artifact = ("lag probe artifact %s" % model).encode()
digest = upload(artifact)
assert call("POST", "/api/v1/models", {"name": model}) == 201
lags = []
for version in range(1, COUNT + 1):
    body = {"files": [{"path": "model.bin", "sha256": digest, "size": len(artifact)}], "framework": "xgboost",
            "metrics": {"accuracy": random.random()}}
    assert call("POST", "/api/v1/models/%s/versions" % model, body) == 201
    answered = time.monotonic()
    while call("GET", "/api/v1/models/%s/versions/%d" % (model, version)) != 200:
        time.sleep(0.002)
    lags.append((time.monotonic() - answered) * 1000)
    time.sleep(0.05)
lags.sort()
print("lag to PostgreSQL read model: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms" % (
    len(lags), lags[len(lags) // 2], lags[max(0, int(len(lags) * 0.99) - 1)], lags[-1]))
