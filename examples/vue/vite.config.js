import vue from "@vitejs/plugin-vue";

// <otp-input> is a custom element, not a Vue component: Vue leaves it to the browser, and
// v-model binds its `value` property and `input` event.
export default {
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === "otp-input" } } })],
};
