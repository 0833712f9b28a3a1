package dev.modelregistry.access;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;

/**
 * Declares the {@link AccessTokens} bean when the context has a {@link SigningKeys} bean (the command
 * side). Decided after every configuration class has registered its beans: a {@code @ConditionalOnBean}
 * on an imported configuration would depend on the order in which the services import it.
 */
final class AccessTokensRegistrar implements BeanDefinitionRegistryPostProcessor {

    static final String BEAN_NAME = "registryAccessTokens";

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        if (!(registry instanceof ConfigurableListableBeanFactory beans) || registry.containsBeanDefinition(BEAN_NAME)) {
            return;
        }
        if (beans.getBeanNamesForType(SigningKeys.class, true, false).length == 0
                || beans.getBeanNamesForType(AccessTokens.class, true, false).length > 0) {
            return;
        }
        registry.registerBeanDefinition(BEAN_NAME, BeanDefinitionBuilder
                .genericBeanDefinition(AccessTokens.class, () -> create(beans))
                .getBeanDefinition());
    }

    private static AccessTokens create(ConfigurableListableBeanFactory beans) {
        ObjectProvider<Clock> clock = beans.getBeanProvider(Clock.class);
        return new RegistryAccessTokens(beans.getBean(SigningKeys.class), beans.getBean(AccessProperties.class),
                clock.getIfUnique(Clock::systemUTC));
    }
}
