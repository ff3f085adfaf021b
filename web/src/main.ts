import 'element-plus/dist/index.css';
import './styles.css';
import { createApp } from 'vue';
import App from './App.vue';
import { whenUnauthenticated } from './api/client';
import { router } from './router';

whenUnauthenticated(() => {
  const here = router.currentRoute.value;
  if (here.name !== 'login') void router.replace({ name: 'login', query: { redirect: here.fullPath } });
});

createApp(App).use(router).mount('#app');
