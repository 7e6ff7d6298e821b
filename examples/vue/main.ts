import { createApp } from "vue";
// Defines <otp-input> and types it in Vue's GlobalComponents.
import "otp-wasm/otp-input/vue";
import App from "./App.vue";

createApp(App).mount("#app");
