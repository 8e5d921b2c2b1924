// A family's app reading its reports when they are sharded over several instances: it computes its
// instance with the documented shard function (shard-of.js, as docs/sharding.md gives it) and reads
// /reports/UID there with the Firebase JS SDK (modular, 11.x), signed in as the family, against one
// firebase-server per instance, each with the rules. It also reads the same path on every other
// instance, where the family must have nothing.
//   node app-reads-shards.js RULES.json < {"instances": [{...export of instance 0...}, ...], "uids": ["u1", ...]}
// -> [{"uid": "u1", "shard": 1, "value": {...}, "elsewhere": [null, ...]}, ...]
const fs = require('fs');
const FirebaseServer = require('firebase-server');
const { initializeApp, deleteApp } = require('firebase/app');
const { getDatabase, connectDatabaseEmulator, ref, onValue } = require('firebase/database');
const { shardOf } = require('./shard-of.js');

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const rules = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let apps = 0;

function read(port, namespace, uid, path) {
  const app = initializeApp(
    { projectId: 'cradle-test', databaseURL: `http://127.0.0.1:${port}?ns=${namespace}` },
    `family-${apps++}`);
  const db = getDatabase(app);
  connectDatabaseEmulator(db, '127.0.0.1', port, { mockUserToken: { user_id: uid } });
  return new Promise((resolve, reject) => {
    onValue(ref(db, path), snap => resolve(snap.val()), reject, { onlyOnce: true });
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
  const servers = [];
  for (let i = 0; i < input.instances.length; i++) {
    const port = await freePort();
    const namespace = `cradle-reports-${i}`;
    const server = new FirebaseServer({ port, address: '127.0.0.1' }, namespace, input.instances[i]);
    server.setRules(rules);
    servers.push({ port, namespace, server });
  }
  const out = [];
  for (const uid of input.uids) {
    const shard = shardOf(uid, servers.length);
    const value = await read(servers[shard].port, servers[shard].namespace, uid, `/reports/${uid}`);
    const elsewhere = [];
    for (let i = 0; i < servers.length; i++) {
      if (i !== shard) elsewhere.push(await read(servers[i].port, servers[i].namespace, uid, `/reports/${uid}`));
    }
    out.push({ uid, shard, value, elsewhere });
  }
  process.stdout.write(JSON.stringify(out));
  for (const s of servers) await s.server.close();
  process.exit(0);
})().catch(e => { console.error(e); process.exit(1); });
