// Reads a database guarded by the given rules the way the app does: the Firebase JS SDK (modular,
// 11.x) signed in as a family (connectDatabaseEmulator's mockUserToken) against firebase-server,
// which enforces the rules with targaryen. firebase-server ignores the SDK's get(), so each read is
// an onValue listener with onlyOnce.
//   node rules-through-sdk.js RULES.json < {"data": {...}, "reads": [{"uid": "alice", "path": "/reports/alice"}]}
// -> [{"allowed": true, "value": {...}}, {"allowed": false, "error": "PERMISSION_DENIED"}, ...]
const fs = require('fs');
const FirebaseServer = require('firebase-server');
const { initializeApp, deleteApp } = require('firebase/app');
const { getDatabase, connectDatabaseEmulator, ref, onValue } = require('firebase/database');

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const rules = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const NAMESPACE = 'cradle-reports';

function read(port, uid, path, n) {
  const app = initializeApp(
    { projectId: 'cradle-test', databaseURL: `http://127.0.0.1:${port}?ns=${NAMESPACE}` },
    `reader-${n}`);
  const db = getDatabase(app);
  connectDatabaseEmulator(db, '127.0.0.1', port, uid ? { mockUserToken: { user_id: uid } } : {});
  return new Promise(resolve => {
    onValue(ref(db, path),
      snap => resolve({ allowed: true, value: snap.val() }),
      err => resolve({ allowed: false, error: err.code || String(err) }),
      { onlyOnce: true });
  }).finally(() => deleteApp(app));
}

function freePort() {
  return new Promise(resolve => {
    const probe = require('net').createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

(async () => {
  const port = await freePort();
  const server = new FirebaseServer({ port, address: '127.0.0.1' }, NAMESPACE, input.data);
  server.setRules(rules);
  const out = [];
  let n = 0;
  for (const r of input.reads) out.push(await read(port, r.uid, r.path, n++));
  process.stdout.write(JSON.stringify(out));
  await server.close();
  process.exit(0);
})().catch(e => { console.error(e); process.exit(1); });
