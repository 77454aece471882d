// The JavaScript snippets of people-api-seed.txt, unchanged but for the host (node 18+ has fetch).
// Usage: node snippets.mjs BASE_URL WORKSPACE_ID API_KEY
const [BASE, WORKSPACE_ID, API_KEY] = process.argv.slice(2);
const realFetch = globalThis.fetch;
globalThis.fetch = (url, init) => realFetch(url.replace('https://api.flameup.ai', BASE), init);
const check = (ok, what) => { if (!ok) throw new Error(`failed: ${what}`); console.log(`ok  ${what}`); };
let personId;

{
const response = await fetch(
`https://api.flameup.ai/api/v1/workspaces/${WORKSPACE_ID}/people`,
{
method: 'POST',
headers: {
'Content-Type': 'application/json',
'Authorization': `Bearer ${API_KEY}`
},
body: JSON.stringify({
userId: 'user_12345', // Required: your unique ID
email: 'jane@example.com', // Optional but recommended
traits: {
first_name: 'Jane',
last_name: 'Doe',
plan: 'premium',
company: 'Acme Inc'
}
})
}
);
const person = await response.json();
personId = person.id;
check(response.status === 201 && person.traits.company === 'Acme Inc', 'create');
}
{
const response = await fetch(
`https://api.flameup.ai/api/v1/workspaces/${WORKSPACE_ID}/people/${personId}`,
{
headers: {
'Authorization': `Bearer ${API_KEY}`
}
}
);
const person = await response.json();
check(person.id === personId, 'get');
}
{
const response = await fetch(
`https://api.flameup.ai/api/v1/workspaces/${WORKSPACE_ID}/people/${personId}`,
{
method: 'PUT',
headers: {
'Content-Type': 'application/json',
'Authorization': `Bearer ${API_KEY}`
},
body: JSON.stringify({
traits: {
plan: 'enterprise', // Update existing
renewal_date: '2025-01-15' // Add new attribute
}
})
}
);
const person = await response.json();
check(person.traits.plan === 'enterprise' && person.traits.renewal_date === '2025-01-15', 'update');
}
{
const response = await fetch(
`https://api.flameup.ai/api/v1/workspaces/${WORKSPACE_ID}/people/upsert`,
{
method: 'POST',
headers: {
'Content-Type': 'application/json',
'Authorization': `Bearer ${API_KEY}`
},
body: JSON.stringify({
userId: 'user_12345',
email: 'jane@example.com',
traits: {
first_name: 'Jane',
last_name: 'Doe',
last_login: new Date().toISOString()
}
})
}
);
const result = await response.json();
console.log('Was created:', result.was_created); // true if new, false if updated
check(result.was_created === false, 'upsert');
}
{
const params = new URLSearchParams({
limit: '50',
status: 'active',
search: 'acme'
});
const response = await fetch(
`https://api.flameup.ai/api/v1/workspaces/${WORKSPACE_ID}/people?${params}`,
{
headers: {
'Authorization': `Bearer ${API_KEY}`
}
}
);
const { people, total, limit, offset } = await response.json();
check(Array.isArray(people) && total === people.length && limit === 50 && offset === 0, 'list');
}
{
const response = await fetch(
`https://api.flameup.ai/api/v1/workspaces/${WORKSPACE_ID}/people/search?email=jane@example.com`,
{
headers: {
'Authorization': `Bearer ${API_KEY}`
}
}
);
const { people } = await response.json();
const person = people[0]; // First match
check(person.id === personId, 'search');
}
{
const response = await fetch(
`https://api.flameup.ai/api/v1/workspaces/${WORKSPACE_ID}/people/batch`,
{
method: 'POST',
headers: {
'Content-Type': 'application/json',
'Authorization': `Bearer ${API_KEY}`
},
body: JSON.stringify({
people: [
{
userId: 'user_001',
email: 'alice@example.com',
traits: { first_name: 'Alice', plan: 'basic' }
},
{
userId: 'user_002',
email: 'bob@example.com',
traits: { first_name: 'Bob', plan: 'premium' }
},
// ... up to 100 people
]
})
}
);
const { people, created_count, updated_count } = await response.json();
check(people.length === 2 && created_count === 2 && updated_count === 0, 'batch');
}
{
const response = await fetch(
`https://api.flameup.ai/api/v1/workspaces/${WORKSPACE_ID}/people/${personId}/events?limit=50`,
{
headers: {
'Authorization': `Bearer ${API_KEY}`
}
}
);
const { events } = await response.json();
check(events.length === 3 && events[2].name === 'person.created', 'events');
}
{
const response = await fetch(
`https://api.flameup.ai/api/v1/workspaces/${WORKSPACE_ID}/people/stats`,
{
headers: {
'Authorization': `Bearer ${API_KEY}`
}
}
);
const stats = await response.json();
console.log(`Total: ${stats.total}, Active: ${stats.active}`);
check(stats.total === 3, 'stats');
}
{
const response = await fetch(
`https://api.flameup.ai/api/v1/workspaces/${WORKSPACE_ID}/people/${personId}`,
{
method: 'DELETE',
headers: {
'Authorization': `Bearer ${API_KEY}`
}
}
);
if (response.ok) {
console.log('Person deleted');
}
check(response.status === 204, 'delete');
}
console.log('all JavaScript snippets passed');
