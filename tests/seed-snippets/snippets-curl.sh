#!/usr/bin/env bash
# The curl snippets of people-api-seed.txt, unchanged but for the host and the {placeholders}.
# Usage: bash snippets-curl.sh BASE_URL WORKSPACE_ID API_KEY
set -euo pipefail
BASE=$1; workspace_id=$2; your_api_key=$3
expect() { local got=$1 want=$2 what=$3; [ "$got" = "$want" ] || { echo "failed: $what (HTTP $got, wanted $want)"; exit 1; }; echo "ok  $what"; }
out=$(mktemp)

code=$(curl -s -o "$out" -w '%{http_code}' -X POST "$BASE/api/v1/workspaces/$workspace_id/people" \
-H "Content-Type: application/json" \
-H "Authorization: Bearer $your_api_key" \
-d '{
"userId": "user_12345",
"email": "jane@example.com",
"traits": {
"first_name": "Jane",
"last_name": "Doe",
"plan": "premium",
"company": "Acme Inc"
}
}')
expect "$code" 201 create
person_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$out")

code=$(curl -s -o "$out" -w '%{http_code}' "$BASE/api/v1/workspaces/$workspace_id/people/$person_id" \
-H "Authorization: Bearer $your_api_key")
expect "$code" 200 get

code=$(curl -s -o "$out" -w '%{http_code}' -X PUT "$BASE/api/v1/workspaces/$workspace_id/people/$person_id" \
-H "Content-Type: application/json" \
-H "Authorization: Bearer $your_api_key" \
-d '{
"traits": {
"plan": "enterprise",
"renewal_date": "2025-01-15"
}
}')
expect "$code" 200 update

code=$(curl -s -o "$out" -w '%{http_code}' -X POST "$BASE/api/v1/workspaces/$workspace_id/people/upsert" \
-H "Content-Type: application/json" \
-H "Authorization: Bearer $your_api_key" \
-d '{
"userId": "user_12345",
"email": "jane@example.com",
"traits": {
"first_name": "Jane",
"last_name": "Doe",
"last_login": "2024-01-20T14:45:00Z"
}
}')
expect "$code" 200 upsert
grep -q '"was_created":false' "$out" || { echo "failed: was_created"; exit 1; }

code=$(curl -s -o "$out" -w '%{http_code}' "$BASE/api/v1/workspaces/$workspace_id/people?limit=50&status=active&search=acme" \
-H "Authorization: Bearer $your_api_key")
expect "$code" 200 list

code=$(curl -s -o "$out" -w '%{http_code}' "$BASE/api/v1/workspaces/$workspace_id/people/search?email=jane@example.com" \
-H "Authorization: Bearer $your_api_key")
expect "$code" 200 search
grep -q "$person_id" "$out" || { echo "failed: search found nobody"; exit 1; }

code=$(curl -s -o "$out" -w '%{http_code}' -X POST "$BASE/api/v1/workspaces/$workspace_id/people/batch" \
-H "Content-Type: application/json" \
-H "Authorization: Bearer $your_api_key" \
-d '{
"people": [
{"userId": "user_001", "email": "alice@example.com", "traits": {"first_name": "Alice"}},
{"userId": "user_002", "email": "bob@example.com", "traits": {"first_name": "Bob"}}
]
}')
expect "$code" 200 batch

code=$(curl -s -o "$out" -w '%{http_code}' "$BASE/api/v1/workspaces/$workspace_id/people/$person_id/events?limit=50" \
-H "Authorization: Bearer $your_api_key")
expect "$code" 200 events

code=$(curl -s -o "$out" -w '%{http_code}' "$BASE/api/v1/workspaces/$workspace_id/people/stats" \
-H "Authorization: Bearer $your_api_key")
expect "$code" 200 stats

code=$(curl -s -o "$out" -w '%{http_code}' -X DELETE "$BASE/api/v1/workspaces/$workspace_id/people/$person_id" \
-H "Authorization: Bearer $your_api_key")
expect "$code" 204 delete
echo "all curl snippets passed"
