// The browser authenticator, loaded on first use: the first `Vault.open()` fetches vault.js
// (about 6.0 KiB gzip), so a page that never opens a vault never downloads it. `Vault` is a
// stand-in class with the real one's `open` and `instanceof`.

export function lazyVault(load, OtpError) {
  let loaded = null;
  let loading = null;
  const real = () => {
    loading ??= load().then(
      (Vault) => (loaded = Vault),
      () => {
        loading = null; // a failed fetch may be retried
        throw new OtpError("unsupported", "the browser authenticator's module could not be loaded");
      },
    );
    return loading;
  };
  return class Vault {
    constructor() {
      throw new OtpError("invalid_state", "use Vault.open() to open a vault");
    }

    /** Opens (or creates) the vault `name`; see vault.js. */
    static open(options) {
      return real().then((Vault) => Vault.open(options));
    }

    static [Symbol.hasInstance](value) {
      return loaded !== null && value instanceof loaded;
    }
  };
}
