import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { api } from './api/client';
import { router } from './router';
import { useSessionStore } from './stores/session';
import './styles.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia).use(router).use(ElementPlus, { locale: zhCn });

// Any 401 on a page: forget the session and go to sign-in, coming back here afterwards.
api.hooks.onUnauthenticated = () => {
  useSessionStore(pinia).forget();
  const here = router.currentRoute.value;
  if (!here.meta.public) void router.push({ path: '/sign-in', query: { redirect: here.fullPath } });
};

app.mount('#app');
