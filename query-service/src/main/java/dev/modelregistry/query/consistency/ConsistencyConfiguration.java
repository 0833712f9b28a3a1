package dev.modelregistry.query.consistency;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class ConsistencyConfiguration {

    @Bean
    WebMvcConfigurer queryMinPositionWebMvcConfigurer(ConsistencyGate gate) {
        MinPositionInterceptor interceptor = new MinPositionInterceptor(gate);
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor);
            }
        };
    }
}
