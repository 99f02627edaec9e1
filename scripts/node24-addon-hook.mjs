// Preloaded (NODE_OPTIONS --import) by scripts/test-node24.mjs into Node 24 and every Node it starts:
// better-sqlite3 loads its addon from node_modules/better-sqlite3/build, which holds the build for the
// Node that ran `npm install`. Here that one file is swapped for the build made for this Node's ABI,
// so both builds live side by side and neither run clobbers the other.
import path from 'node:path';

const binding = process.env.REELVAULT_BETTER_SQLITE3_BINDING;
const dlopen = process.dlopen;
const ours = `${path.sep}better-sqlite3${path.sep}build${path.sep}Release${path.sep}better_sqlite3.node`;

if (binding) {
  process.dlopen = function (module, filename, ...rest) {
    return dlopen.call(this, module, typeof filename === 'string' && filename.endsWith(ours) ? binding : filename, ...rest);
  };
}
