package org.fixmyquarter.it.plugins;

/** Stands for a library a plugin needs; left out of its jar on purpose. */
public class MissingLibrary {

    /** @return something the plugin uses */
    public String greet() {
        return "hello";
    }
}
