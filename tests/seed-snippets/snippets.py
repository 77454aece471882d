# The Python snippets of people-api-seed.txt, each unchanged but for the host, run in order.
# Usage: python3 snippets.py BASE_URL WORKSPACE_ID API_KEY   (BASE_URL like http://127.0.0.1:5000)
import sys
from datetime import datetime
import requests

BASE, WORKSPACE_ID, API_KEY = sys.argv[1], sys.argv[2], sys.argv[3]

def run(name, code, env):
    code = code.replace("https://api.flameup.ai", BASE)
    exec(code, env)
    print(f"ok  {name}")

env = {"requests": requests, "datetime": datetime, "WORKSPACE_ID": WORKSPACE_ID, "API_KEY": API_KEY}

run("create", """
response = requests.post(
f'https://api.flameup.ai/api/v1/workspaces/{WORKSPACE_ID}/people',
headers={
'Content-Type': 'application/json',
'Authorization': f'Bearer {API_KEY}'
},
json={
'userId': 'user_12345',
'email': 'jane@example.com',
'traits': {
'first_name': 'Jane',
'last_name': 'Doe',
'plan': 'premium',
'company': 'Acme Inc'
}
}
)
person = response.json()
assert response.status_code == 201, response.text
assert person['userId'] == 'user_12345' and person['traits']['plan'] == 'premium'
""", env)
env["person_id"] = env["person"]["id"]

run("get", """
response = requests.get(
f'https://api.flameup.ai/api/v1/workspaces/{WORKSPACE_ID}/people/{person_id}',
headers={'Authorization': f'Bearer {API_KEY}'}
)
person = response.json()
assert response.status_code == 200 and person['id'] == person_id
""", env)

run("update", """
response = requests.put(
f'https://api.flameup.ai/api/v1/workspaces/{WORKSPACE_ID}/people/{person_id}',
headers={
'Content-Type': 'application/json',
'Authorization': f'Bearer {API_KEY}'
},
json={
'traits': {
'plan': 'enterprise',
'renewal_date': '2025-01-15'
}
}
)
person = response.json()
assert response.status_code == 200, response.text
assert person['traits']['plan'] == 'enterprise' and person['traits']['first_name'] == 'Jane'
""", env)

run("upsert", """
response = requests.post(
f'https://api.flameup.ai/api/v1/workspaces/{WORKSPACE_ID}/people/upsert',
headers={
'Content-Type': 'application/json',
'Authorization': f'Bearer {API_KEY}'
},
json={
'userId': 'user_12345',
'email': 'jane@example.com',
'traits': {
'first_name': 'Jane',
'last_name': 'Doe',
'last_login': datetime.utcnow().isoformat()
}
}
)
result = response.json()
print(f"Was created: {result['was_created']}")
assert response.status_code == 200 and result['was_created'] is False
""", env)

run("list", """
response = requests.get(
f'https://api.flameup.ai/api/v1/workspaces/{WORKSPACE_ID}/people',
headers={'Authorization': f'Bearer {API_KEY}'},
params={
'limit': 50,
'status': 'active',
'search': 'acme'
}
)
data = response.json()
people = data['people']
total = data['total']
assert response.status_code == 200 and isinstance(people, list) and isinstance(total, int)
""", env)

run("search", """
response = requests.get(
f'https://api.flameup.ai/api/v1/workspaces/{WORKSPACE_ID}/people/search',
headers={'Authorization': f'Bearer {API_KEY}'},
params={'userId': 'user_12345'}
)
data = response.json()
person = data['people'][0] if data['people'] else None
assert person is not None and person['id'] == person_id
""", env)

run("batch", """
response = requests.post(
f'https://api.flameup.ai/api/v1/workspaces/{WORKSPACE_ID}/people/batch',
headers={
'Content-Type': 'application/json',
'Authorization': f'Bearer {API_KEY}'
},
json={
'people': [
{
'userId': 'user_001',
'email': 'alice@example.com',
'traits': {'first_name': 'Alice', 'plan': 'basic'}
},
{
'userId': 'user_002',
'email': 'bob@example.com',
'traits': {'first_name': 'Bob', 'plan': 'premium'}
}
]
}
)
result = response.json()
print(f"Created: {result['created_count']}, Updated: {result['updated_count']}")
assert response.status_code == 200 and result['created_count'] == 2
""", env)

run("events", """
response = requests.get(
f'https://api.flameup.ai/api/v1/workspaces/{WORKSPACE_ID}/people/{person_id}/events',
headers={'Authorization': f'Bearer {API_KEY}'},
params={'limit': 50}
)
events = response.json()['events']
assert response.status_code == 200 and events[-1]['name'] == 'person.created'
""", env)

run("stats", """
response = requests.get(
f'https://api.flameup.ai/api/v1/workspaces/{WORKSPACE_ID}/people/stats',
headers={'Authorization': f'Bearer {API_KEY}'}
)
stats = response.json()
print(f"Total: {stats['total']}, Active: {stats['active']}")
assert response.status_code == 200 and stats['total'] == 3
""", env)

run("delete", """
response = requests.delete(
f'https://api.flameup.ai/api/v1/workspaces/{WORKSPACE_ID}/people/{person_id}',
headers={'Authorization': f'Bearer {API_KEY}'}
)
if response.status_code == 204:
    print('Person deleted')
assert response.status_code == 204
""", env)
print("all Python snippets passed")
