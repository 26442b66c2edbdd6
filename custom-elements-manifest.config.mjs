// `cem analyze` reads the element's JSDoc (@fires, @csspart, @cssprop, @attr) into dist/custom-elements.json.

/** Internal reactive state (`_name`) is declared in `static properties` but is not public API. */
const dropInternalState = () => ({
  name: 'drop-internal-state',
  packageLinkPhase({ customElementsManifest }) {
    for (const mod of customElementsManifest.modules) {
      for (const decl of mod.declarations ?? []) {
        decl.attributes = decl.attributes
          ?.filter((a) => !a.fieldName?.startsWith('_') || a.name === 'lang')
          // `lang` is HTMLElement's own property; the element only observes its attribute.
          .map((a) => (a.name === 'lang' ? { ...a, fieldName: 'lang' } : a));
        decl.members = decl.members?.filter((m) => !m.name.startsWith('_'));
      }
    }
  },
});

export default {
  globs: ['src/element/kyc-signup.ts', 'src/index.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
  plugins: [dropInternalState()],
};
