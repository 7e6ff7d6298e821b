import { useState, type FormEvent } from "react";
import { createRoot } from "react-dom/client";
// Defines <otp-input> and types it in JSX.
import "otp-wasm/otp-input/react";

function App() {
  const [code, setCode] = useState("");
  const [status, setStatus] = useState("");
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setStatus(`Submitted ${new URLSearchParams(new FormData(event.currentTarget) as unknown as Record<string, string>)}`);
  };
  return (
    <main>
      <h1>Confirm it's you</h1>
      <form onSubmit={submit}>
        <label htmlFor="otp">Code from the SMS</label>
        <otp-input
          id="otp"
          name="otp"
          required
          value={code}
          onInput={(event) => setCode(event.currentTarget.value)}
          oncomplete={(event) => setStatus(`Complete: ${event.detail.code}`)}
        />
        <button>Verify</button>
      </form>
      <p>
        Code: <output>{code}</output>
      </p>
      <p>
        <button type="button" onClick={() => setCode("123456")}>
          Fill 123456
        </button>
      </p>
      <p role="status">{status}</p>
    </main>
  );
}

createRoot(document.getElementById("app")!).render(<App />);
