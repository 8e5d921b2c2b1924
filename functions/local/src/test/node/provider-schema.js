// Prints the schema of the given google (or google-beta) provider resource and data source types as
// the npm package @cdktf/provider-google (-beta) records it (its jsii manifest is generated from the
// provider's own schema):
//   node provider-schema.js google resource:google_storage_bucket data:google_project ...
//   node provider-schema.js google-beta resource:google_firebase_database_instance ...
// -> {"provider":"6.50.0","resource":{"google_storage_bucket":{"attributes":{"name":{"required":true},...},
//     "blocks":{"lifecycle_rule":{"required":false,"schema":{...}}}}},"data":{...}}
// A type the provider does not have is left out. "config" holds the provider block's own schema.
const fs = require('fs');
const path = require('path');

const provider = process.argv[2];
const PACKAGES = {
  'google': ['@cdktf/provider-google', 'GoogleProviderConfig'],
  'google-beta': ['@cdktf/provider-google-beta', 'GoogleBetaProviderConfig'],
};
if (!PACKAGES[provider]) throw new Error('first argument: google or google-beta, not ' + provider);
const [npmPackage, providerConfig] = PACKAGES[provider];
const pkg = path.dirname(require.resolve(npmPackage + '/package.json'));
const jsii = JSON.parse(fs.readFileSync(path.join(pkg, '.jsii'), 'utf8'));
const types = jsii.types;
const version = require(path.join(pkg, 'package.json')).cdktf.provider.version;

// "Represents a {@link https://registry.terraform.io/.../docs/resources/storage_bucket google_storage_bucket}."
const REPRESENTS = /\/docs\/(resources|data-sources)\/\S+ (\S+)\}\.$/;
const classes = {};
for (const [fqn, t] of Object.entries(types)) {
  const m = t.kind === 'class' && t.docs && t.docs.summary && REPRESENTS.exec(t.docs.summary);
  if (m) {
    const kind = m[1] === 'resources' ? 'resource' : 'data';
    const config = t.initializer && t.initializer.parameters[2] && t.initializer.parameters[2].type.fqn;
    classes[kind + ':' + m[2]] = config;
  }
}

function structOf(type) {
  if (!type) return null;
  if (type.fqn && types[type.fqn] && types[type.fqn].datatype) return type.fqn;
  if (type.collection) return structOf(type.collection.elementtype);
  if (type.union) {
    for (const u of type.union.types) {
      const s = structOf(u);
      if (s) return s;
    }
  }
  return null;
}

function terraformName(p) {
  const m = /#([a-z0-9_]+) /.exec((p.docs && p.docs.remarks) || '') ||
    /#([a-z0-9_]+) /.exec((p.docs && p.docs.summary) || '');
  return m ? m[1] : p.name.replace(/[A-Z]/g, c => '_' + c.toLowerCase());
}

function properties(fqn) {
  const t = types[fqn];
  let props = [...(t.properties || [])];
  for (const parent of t.interfaces || []) {
    if (types[parent] && !parent.startsWith('cdktf.')) props = props.concat(properties(parent));
  }
  return props;
}

function schema(fqn, depth) {
  const out = { attributes: {}, blocks: {} };
  for (const p of properties(fqn)) {
    const struct = structOf(p.type);
    const isBlock = struct && /^\S+ block\.$/.test((p.docs && p.docs.summary) || '');
    const name = terraformName(p);
    if (isBlock) {
      out.blocks[name] = { required: !p.optional, schema: depth > 8 ? {} : schema(struct, depth + 1) };
    } else {
      out.attributes[name] = { required: !p.optional };
    }
  }
  return out;
}

const result = { provider: version, resource: {}, data: {}, config: {} };
// the provider block itself: provider "google" { ... }
result.config[provider] = schema(npmPackage + '.provider.' + providerConfig, 0);
for (const arg of process.argv.slice(3)) {
  const [kind, name] = arg.split(':');
  const config = classes[kind + ':' + name];
  if (config) result[kind][name] = schema(config, 0);
}
process.stdout.write(JSON.stringify(result));
