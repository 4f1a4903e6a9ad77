"""Millwright's own Schemathesis check for `npm run fuzz` (loaded through SCHEMATHESIS_HOOKS by scripts/fuzz/run.ts).

Every refusal of bad input is a 400 whose coded error names the field it is about: `error.field`, or the `path` of
an entry in `error.details` (api/error-handler.ts). A 400 that names no field leaves its caller guessing which
input to fix; this check makes that a finding like a 500 is.
"""

import schemathesis


@schemathesis.check
def rejection_names_field(ctx, response, case):
    if response.status_code != 400:
        return None
    try:
        body = response.json()
    except Exception:
        raise AssertionError("A 400 without a JSON error body")
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or not error.get("code"):
        raise AssertionError("A 400 without a coded error: {}".format(str(body)[:200]))
    details = error.get("details") if isinstance(error.get("details"), list) else []
    paths = [d.get("path") for d in details if isinstance(d, dict) and d.get("path")]
    if not error.get("field") and not paths:
        raise AssertionError(
            "A 400 {} names no field: {}".format(error.get("code"), str(error.get("message"))[:200])
        )
    return None
