import 'element-plus/dist/index.css';
import './styles.css';
import { createApp } from 'vue';
import App from './App.vue';
import { ApiError, whenUnauthenticated } from './api/client';
import { router } from './router';

whenUnauthenticated(() => {
  const here = router.currentRoute.value;
  if (here.name !== 'login') void router.replace({ name: 'login', query: { redirect: here.fullPath } });
});

const app = createApp(App);
// A failed call has already shown its problem to the person; anything else is a bug worth the console.
app.config.errorHandler = (error) => {
  if (!(error instanceof ApiError)) console.error(error);
};
window.addEventListener('unhandledrejection', (event) => {
  if (event.reason instanceof ApiError) event.preventDefault();
});
app.use(router).mount('#app');
