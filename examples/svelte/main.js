import { mount } from "svelte";
import "otp-wasm/otp-input";
import App from "./App.svelte";

mount(App, { target: document.getElementById("app") });
