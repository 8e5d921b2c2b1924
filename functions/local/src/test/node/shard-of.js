// The shard function as docs/sharding.md gives it to the app team, word for word: which of `count`
// Realtime Database instances holds the reports of the family `uid`.
//   node shard-of.js COUNT UID...   -> one "UID SHARD" line per uid
const crypto = require('crypto');

function shardOf(uid, count) {
  // key: the first 8 bytes of SHA-256(uid as UTF-8), an unsigned big-endian 64-bit number
  let key = crypto.createHash('sha256').update(uid, 'utf8').digest().readBigUInt64BE(0);
  // jump consistent hash (Lamport and Veach, arXiv:1406.2294), in unsigned 64-bit arithmetic
  let b = -1n;
  let j = 0n;
  while (j < BigInt(count)) {
    b = j;
    key = (key * 2862933555777941757n + 1n) & 0xffffffffffffffffn;
    j = BigInt(Math.floor(Number(b + 1n) * (2147483648 / Number((key >> 33n) + 1n))));
  }
  return Number(b);
}

module.exports = { shardOf };

if (require.main === module) {
  const count = Number(process.argv[2]);
  for (const uid of process.argv.slice(3)) console.log(uid + ' ' + shardOf(uid, count));
}
